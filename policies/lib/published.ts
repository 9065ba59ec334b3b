// The program publishes rendered files that carry no secret (openclaw.json, the sshd drop-in) as
// a trigger value of the step that installs them, so rules can read them at preview time.

export function publishedFiles(props: Record<string, any>): Record<string, unknown> {
  const triggers = Array.isArray(props.triggers) ? props.triggers : [];
  const out: Record<string, unknown> = {};
  for (const t of triggers) if (t && typeof t === "object" && !Array.isArray(t)) Object.assign(out, t);
  return out;
}

/** Which step script a remote command runs (the marker the program's command builder writes). */
export function stepScript(props: Record<string, any>): string | undefined {
  const create = typeof props.create === "string" ? props.create : "";
  return create.match(/# ---- ([a-z0-9-]+\.sh) ----/)?.[1];
}

/** sshd settings in a config text: keyword (lower case) -> first value, as sshd reads them. */
export function sshdSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    if (/^match\s/i.test(line)) break; // settings after a Match block are conditional
    const [key, ...value] = line.split(/\s+/);
    const k = key.toLowerCase();
    if (!settings.has(k)) settings.set(k, value.join(" "));
  }
  return settings;
}
