// Tries: with group-chats accepted, one forum topic of the allowlisted Telegram group answers without
// a mention (groups.<id>.topics.<topic>.requireMention false); the group itself keeps
// requireMention true.
// Insecure: in that topic the bot answers every message of every member (the accepted risk covers
// groups with mention required only), so anyone there drives the agent without addressing it.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    for (const group of Object.values<any>(c.channels.telegram.groups)) group.topics = { "1": { requireMention: false } };
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
