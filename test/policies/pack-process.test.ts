// The pack as the Pulumi CLI runs it: policies/index.ts in its own process (it prints the port of
// its analyzer gRPC server), asked for its policies over gRPC with Pulumi's own client stubs.
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rules } from "../../policies/rules";
import { ROOT } from "../harness/tools";

const grpc = require("@grpc/grpc-js");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const emptyProto = require("google-protobuf/google/protobuf/empty_pb");

let pack: ChildProcess | undefined;
afterAll(() => pack?.kill("SIGTERM"));

function startPack(): Promise<number> {
  return new Promise((resolve, reject) => {
    pack = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "index.ts"], { cwd: path.join(ROOT, "policies") });
    let out = "";
    pack.stdout!.on("data", (d) => {
      out += d;
      const port = out.match(/^(\d+)\s*$/m);
      if (port) resolve(Number(port[1]));
    });
    pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${out}`)));
  });
}

describe("the policy pack process", () => {
  it("serves every rule, mandatory, with its config schema", async () => {
    const port = await startPack();
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const info: any = await new Promise((resolve, reject) =>
      client.getAnalyzerInfo(new emptyProto.Empty(), (err: unknown, resp: unknown) => (err ? reject(err) : resolve(resp))),
    );
    client.close();
    expect(info.getName()).toBe("openclaw-hetzner");
    const served = info.getPoliciesList().map((p: any) => ({ name: p.getName(), level: p.getEnforcementlevel() }));
    expect(served.map((p: { name: string }) => p.name)).toEqual(rules.map((r) => r.name));
    // MANDATORY (1), but the listing of accepted risks, which is advisory (0)
    expect(served.filter((p: { level: number }) => p.level !== 1).map((p: { name: string }) => p.name)).toEqual(["accepted-risks-listed"]);
    const withSchema = info.getPoliciesList().filter((p: any) => p.getConfigschema()).map((p: any) => p.getName());
    expect(withSchema).toEqual(expect.arrayContaining(["resource-types-understood", "firewall-ingress-bounded", "server-image-allowed", "user-data-cloud-config"]));
  }, 60_000);
});
