// How a gateway's names on its server follow from its id, mirroring components/openclaw/layout.ts
// (gatewayLayout) and scripts/remote/lib.sh (gateway_name): the server's only gateway has no id and
// the names it always had (/var/backups/openclaw, openclaw-verify.service…); a gateway of a shared
// server (placement: shared) has an id, the catalogue's OC_GATEWAY_ID, and every name suffixed
// `-<id>` (/var/backups/openclaw-alice, openclaw-verify-alice.service…). Mirrored, not imported:
// the pack judges any program, and must not take its expectations from the program it judges.

/** A gateway id, as the catalogue reads OC_GATEWAY_ID (a plain name). */
const ID = "[a-z_][a-z0-9_.-]{0,62}";
export const GATEWAY_ID = new RegExp(`^${ID}$`);
/** A name's gateway suffix in a regular expression: nothing, or `-<id>` of any id (every gateway's names are reserved alike). */
export const GATEWAY_SUFFIX_PATTERN = `(?:-${ID})?`;

/** What a gateway's names carry after the common stem: nothing without an id, `-<id>` with one. */
export function gatewaySuffix(id: string | undefined): string {
  return id ? `-${id}` : "";
}

/** Where a gateway's state is archived, root-only (the deploy gate checks it 700 root:root, archives 600). */
export function gatewayBackupDir(id: string | undefined): string {
  return `/var/backups/openclaw${gatewaySuffix(id)}`;
}
