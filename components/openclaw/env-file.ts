// The gateway's env file: KEY=value lines, read by systemd (EnvironmentFile=) and by the audit
// step. Values are checked by the settings schema to need no quoting in either reader.
import type { Settings } from "../../settings/load";
import { SECRET_ENV } from "./openclaw-config";

/** Names of the variables the env file must hold for these settings (no values). */
export function envFileKeys(s: Pick<Settings, "channels" | "modelApiKeyNames">): string[] {
  const keys: string[] = [SECRET_ENV.gatewayToken];
  if (s.channels.telegram?.enabled) keys.push(SECRET_ENV.telegramBotToken);
  if (s.channels.discord?.enabled) keys.push(SECRET_ENV.discordBotToken);
  return [...keys, ...s.modelApiKeyNames].sort();
}

export function renderEnvFile(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((k) => {
      if (!/^[A-Z][A-Z0-9_]*$/.test(k)) throw new Error(`env file: bad variable name ${k}`);
      if (!/^[^\s"'\\`$]+$/.test(values[k])) throw new Error(`env file: the value of ${k} needs quoting (value not shown)`);
      return `${k}=${values[k]}\n`;
    })
    .join("");
}
