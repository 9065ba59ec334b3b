// Tries: "to try settings from the phone": commands.debug true, which enables the owner-only /debug
// chat command. Nothing else in openclaw.json changes.
// Insecure: /debug applies runtime config overrides that are never written to disk (e.g.
// `/debug set tools.exec.mode="full"`), so whoever holds the owner's chat account can switch exec,
// elevated or DM policy on from chat, and neither the pack nor the gate (both read the file) sees it.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.commands = { debug: true };
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
