// Commands a shipped file makes the server run later: a unit's Exec lines (at boot, on a timer),
// cron lines, rc.local and login scripts. They run after the deploy gate, so the pack reads them as
// it reads a step's command: what they would loosen is refused now.
import { unitAssignments } from "./host-files";
import type { ShippedFile } from "./payloads";

const EXEC_KEYS = ["ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop", "ExecStopPost", "ExecReload", "ExecCondition"];

/** `node …/openclaw.mjs gateway run …` or `openclaw gateway run …`. */
function isGatewayCommand(command: string): boolean {
  return /^\S*\/(node|openclaw)\s+(\S*openclaw\.mjs\s+)?gateway\s+run\b/.test(command) || /^\S*\/?openclaw\s+gateway\s+run\b/.test(command);
}

/** Shell text of each command the file will run, or [] for files that run nothing. */
export function deferredCommands(file: ShippedFile): string[] {
  if (file.kind === "systemd-unit" || file.kind === "systemd-dropin") {
    const assignments = unitAssignments(file.content);
    return [...assignments]
      .filter(([key]) => EXEC_KEYS.includes(key.split(".").pop() ?? ""))
      .flatMap(([, values]) => values)
      .map((v) => v.replace(/^[@\-:+!]+/, "").trim())
      // The OpenClaw gateway itself is a Node program: the gateway-unit rule judges how it runs.
      .filter((v) => v.length > 0 && !isGatewayCommand(v));
  }
  if (file.kind === "executable") return [file.content]; // a shell script (others are refused when written)
  if (file.kind !== "scheduled") return [];
  if (/\/(crontab|cron\.d\/[^/]+|anacrontab)$|^\/var\/spool\/cron\//.test(file.path)) {
    // m h dom mon dow [user] command (system crontabs carry a user field); @reboot etc. take one field.
    const system = !file.path.startsWith("/var/spool/");
    return file.content
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#") && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(l))
      .map((l) => {
        const fields = l.split(/\s+/);
        const timeFields = fields[0].startsWith("@") ? 1 : 5;
        return fields.slice(timeFields + (system ? 1 : 0)).join(" ");
      });
  }
  return [file.content]; // rc.local, cron.daily scripts, profile scripts: shell as a whole
}
