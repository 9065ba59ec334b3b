// Tries: pass the Telegram bot token to a "register webhook" step through the Command's environment
// instead of the command line.
// Insecure: a Command's environment is stored in plain text in state like its command line.
import { compose, remote } from "../_lib/compose";

compose({
  afterConfigure: [
    remote("telegram-webhook", 'curl -fsS "https://api.telegram.org/bot${TG_TOKEN}/deleteWebhook" >/dev/null', {
      environment: { TG_TOKEN: "987654321:LEAKCHECK_abcdefghijklmnopqrstuvwxyz012345" },
    }),
  ],
});
