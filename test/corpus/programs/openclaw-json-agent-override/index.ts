// Tries: keep the global tools block as hardened as before and give only the main agent exec:
// agents.entries.main.tools.exec.mode "full", shipped base64-decoded through a pipe.
// Insecure: the main agent is the one chat senders talk to; it gets a shell.
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose, remote } from "../_lib/compose";

const config = renderOpenclawConfig(loadSettings()) as any;
config.agents.entries = { main: { tools: { exec: { mode: "full" } } } };
const b64 = Buffer.from(`${JSON.stringify(config, null, 2)}\n`).toString("base64");
compose({ afterConfigure: [remote("main-agent-exec", `echo ${b64} | base64 -d | sudo tee /var/lib/openclaw/.openclaw/openclaw.json >/dev/null`)] });
