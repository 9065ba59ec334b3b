// Tries: a second Telegram bot ("support") as an account under channels.telegram.accounts, open to
// everyone (dmPolicy open, allowFrom ['*']); the channel's own top-level settings stay hardened.
// Insecure: anyone on Telegram can drive the agent through the second bot; OpenClaw's audit only
// warns (multi-user heuristic), so the gate lets it through.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.channels.telegram.accounts = {
      support: { dmPolicy: "open", allowFrom: ["*"], botToken: { source: "env", provider: "default", id: "TELEGRAM_SUPPORT_BOT_TOKEN" } },
    };
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
