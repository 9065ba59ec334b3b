// Tries: "use our self-hosted Bot API server": channels.telegram.apiRoot set to a plain-http host on
// the network. The token stays a SecretRef to the root-only env file.
// Insecure: the bot token is part of every Bot API URL (/bot<token>/…), so it crosses the network in
// clear text on every poll; whoever reads it takes over the bot and its chats.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.channels.telegram.apiRoot = "http://tg-bot-api.internal.example.net:8081";
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
