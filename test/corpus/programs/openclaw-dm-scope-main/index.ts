// Tries: "one shared conversation is simpler": session.dmScope "main" instead of per-channel-peer.
// Insecure: every sender's DMs land in one session: each paired user reads what the others told the
// agent, and can steer it with that context.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.session.dmScope = "main";
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
