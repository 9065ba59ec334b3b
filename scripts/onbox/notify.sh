#!/usr/bin/env bash
# openclaw-notify@<unit>.service: a maintenance unit failed. POSTs {"text": …} (host, unit and, for
# the verification, what drifted, from verify.json: no secrets) to the notification URL, which
# systemd hands over as a credential (verifyNotifyUrl; the file is empty when none is set: then
# nothing is posted). Runs as a dynamic user; the URL never appears on a command line.
set -eu
unit="${1:?unit}"
url_file="${CREDENTIALS_DIRECTORY:?}/notify-url"
if [ ! -s "$url_file" ]; then
  echo "$unit failed; no notification URL is configured" >&2
  exit 0
fi
# Any gateway's Node.js posts (a shared server has a CLI wrapper per gateway, openclaw-<id>).
node_bin="$(sed -n 's/^exec \(.*\)\/node .*/\1/p' /usr/local/bin/openclaw /usr/local/bin/openclaw-* 2>/dev/null | head -n 1)"
[ -x "$node_bin/node" ] || { echo "no Node.js found (from /usr/local/bin/openclaw*) to post with" >&2; exit 1; }
# shellcheck disable=SC2016 # JavaScript template literals, not shell
"$node_bin/node" - "$unit" "$url_file" "$(cat /proc/sys/kernel/hostname)" <<'JS'
const fs = require("fs");
const [unit, urlFile, host] = process.argv.slice(2);
let text = `openclaw-hetzner on ${host}: ${unit} failed`;
// A gateway's verification (openclaw-verify[-<id>].service) left its result in verify[-<id>].json.
const verification = /^openclaw-verify(-[a-z][a-z0-9-]*)?\.service$/.exec(unit);
if (verification) {
  try {
    const v = JSON.parse(fs.readFileSync(`/var/lib/openclaw-hetzner/verify${verification[1] ?? ""}.json`, "utf8"));
    const f = (v.failures ?? []).map((x) => String(x).slice(0, 160));
    if (f.length) text += `: ${f.slice(0, 5).join("; ")}${f.length > 5 ? ` (+${f.length - 5} more)` : ""}`;
  } catch {}
}
text += `. See: journalctl -u ${unit}`;
const url = fs.readFileSync(urlFile, "utf8").trim();
fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }), signal: AbortSignal.timeout(20000) })
  .then((r) => { if (!r.ok) { console.error(`the notification URL answered ${r.status}`); process.exit(1); } console.error("notification sent"); })
  .catch((e) => { console.error(`could not post the notification: ${e.name}`); process.exit(1); });
JS
