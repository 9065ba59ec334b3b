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

/** Quoted commands of apt hooks: `DPkg::Post-Invoke { "cmd"; };` and the like. */
function aptHookCommands(content: string): string[] {
  const out: string[] = [];
  for (const m of content.matchAll(/(?:DPkg|APT::Update|APT)::(?:Pre|Post)-(?:Invoke(?:-Success)?|Install-Pkgs)\s*(?:\{([^}]*)\}|"((?:[^"\\]|\\.)*)")/gi)) {
    if (m[2] !== undefined) out.push(m[2]);
    else for (const q of m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)) out.push(q[1]);
  }
  return out;
}

/** tmpfiles.d lines (`type path mode user group age argument`) as commands that say what they do. */
function tmpfilesCommands(content: string): string[] {
  return content
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [type, path, , , , , ...arg] = l.split(/\s+/);
      const argument = arg.join(" ");
      // f/F/w write content, L/C link or copy, r/R/D remove, z/Z/a/t change modes and attributes.
      if (/^[fFw]/.test(type)) return `printf '%s' ${JSON.stringify(argument)} > ${path}`;
      if (/^L/.test(type)) return `ln -sf ${argument || "/dev/null"} ${path}`;
      if (/^C/.test(type)) return `cp ${argument || "/dev/null"} ${path}`;
      if (/^[rRD]/.test(type)) return `rm -rf ${path}`;
      if (/^[zZaAtThH]/.test(type)) return `chmod 777 ${path}`;
      return `mkdir -p ${path}`;
    });
}

/** logrotate's scripts: postrotate/prerotate/firstaction/lastaction blocks. */
function logrotateCommands(content: string): string[] {
  return [...content.matchAll(/^\s*(?:postrotate|prerotate|firstaction|lastaction|preremove)\s*$([\s\S]*?)^\s*endscript\s*$/gm)].map((m) => m[1]);
}

/** udev RUN assignments and modprobe `install`/`remove` commands. */
function udevCommands(content: string): string[] {
  return [...content.matchAll(/RUN(?:\{[a-z]+\})?\s*\+?=\s*"([^"]*)"/g)].map((m) => m[1]);
}
function modprobeCommands(content: string): string[] {
  return [...content.matchAll(/^\s*(?:install|remove|softdep)\s+\S+\s+(.*)$/gm)].map((m) => m[1]);
}

/** Shell text of each command the file will run, or [] for files that run nothing. */
export function deferredCommands(file: ShippedFile): string[] {
  if (file.kind === "apt-config") return aptHookCommands(file.content);
  if (file.kind === "tmpfiles") return tmpfilesCommands(file.content);
  if (file.kind === "logrotate") return logrotateCommands(file.content);
  if (file.kind === "udev") return udevCommands(file.content);
  if (file.kind === "modprobe") return modprobeCommands(file.content);
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
