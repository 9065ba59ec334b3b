// `npm run build` (and `npm pack`/`npm publish`, through prepack): the npm package for TypeScript
// programs. Compiles lib.ts and everything it imports (components/, settings/, policies/lib/,
// versions.json) into dist/ as JavaScript with declarations, keeping the repository's layout under
// dist/, then copies what the remote steps read at run time (scripts/remote, scripts/onbox and the
// bundled policies/lib/*.js) to the same places, and checks every step's command still renders.
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const dist = path.join(here, "dist");
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(here, "tsconfig.build.json")], { stdio: "inherit" });
for (const dir of ["scripts/remote", "scripts/onbox"]) cpSync(path.join(root, dir), path.join(dist, dir), { recursive: true });
for (const file of readdirSync(path.join(root, "policies", "lib"))) {
  if (file.endsWith(".js")) cpSync(path.join(root, "policies", "lib", file), path.join(dist, "policies", "lib", file));
}

const { STEP_NAMES } = require(path.join(dist, "policies", "lib", "catalogue.js"));
const { stepBody } = require(path.join(dist, "components", "remote", "command-line.js"));
for (const step of STEP_NAMES) stepBody(step);
const lib = require(path.join(dist, "component", "lib.js"));
for (const name of ["OpenClawHetzner", "OpenClawSharedServer"]) if (typeof lib[name] !== "function") throw new Error(`dist/component/lib.js exports no ${name}`);
console.log(`dist/: ${STEP_NAMES.length} step scripts render; lib exports ${Object.keys(lib).length} names`);
