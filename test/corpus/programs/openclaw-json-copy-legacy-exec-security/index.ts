// Tries: ship openclaw.json with CopyToRemote (a StringAsset), placed properly before the gate, using
// the legacy spelling tools.exec.security "full" (no `mode` key) that older OpenClaw configs use.
// Insecure: OpenClaw migrates security "full" to exec mode full: a shell for every chat sender.
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose, copy } from "../_lib/compose";

const config = renderOpenclawConfig(loadSettings()) as any;
config.tools.exec = { security: "full", ask: "off" };
compose({ afterConfigure: [copy("legacy-openclaw-json", "/var/lib/openclaw/.openclaw/openclaw.json", `${JSON.stringify(config, null, 2)}\n`)] });
