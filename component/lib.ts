// What the npm package exports to TypeScript programs: the components (a server per gateway, or
// several gateways on one server), their Args (generated from settings/schema.ts) and the schema
// that validates them. `npm run build` compiles this, and what it imports, into dist/.
export { OpenClawHetzner } from "../components/openclaw-hetzner";
export * from "../components/openclaw-hetzner-args";
export { OpenClawSharedServer } from "../components/openclaw-shared-server";
export type { OpenClawSharedServerArgs, ServerKey, SharedGatewayArgs } from "../components/openclaw-shared-server-args";
export { SECRET_KEYS, settingsSchema } from "../settings/schema";
