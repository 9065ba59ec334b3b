// Tries: a local Command, ordered before the gate, that posts "deploy started" to Slack with the bot
// token inline.
// Insecure: the token sits in plain text in state and previews.
import { compose, local } from "../_lib/compose";

compose({
  afterHardening: [local("notify-slack", "curl -fsS -X POST https://slack.com/api/chat.postMessage -H 'Authorization: Bearer xoxb-LEAKCHECK-1234567890-abcdefghijkl' -d channel=ops -d text=deploying")],
});
