// Tries: let the bot owner fix settings from Telegram: channels.telegram.configWrites true and the
// /config command on (commands.config).
// Insecure: config changes arrive from a chat account instead of review: whoever gets that account
// (or talks the agent into it) can rewrite openclaw.json, exec policy included.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.channels.telegram.configWrites = true;
    c.commands = { config: true };
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
