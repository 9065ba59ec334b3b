// What the npm package exports to TypeScript programs: the component, its Args (generated from
// settings/schema.ts) and the schema that validates them. `npm run build` compiles this, and what
// it imports, into dist/.
export { OpenClawHetzner } from "../components/openclaw-hetzner";
export * from "../components/openclaw-hetzner-args";
export { SECRET_KEYS, settingsSchema } from "../settings/schema";
