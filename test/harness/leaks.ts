// Finds secret values in captured resources and outputs: in plain text, or hidden in base64
// (file contents travel base64 in step command lines).
import { SECRET_SIG, SIG_KEY } from "../../plan/capture";

export interface Leak {
  where: string;
  secret: string;
}

function decodedForms(text: string): string[] {
  const forms = [text];
  for (const m of text.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? []) {
    forms.push(Buffer.from(m, "base64").toString("latin1"));
  }
  return forms;
}

/** Labels a secret by its first characters, so a failing test never prints it whole. */
function label(secret: string): string {
  return `${secret.slice(0, 6)}…(${secret.length} chars)`;
}

/** Walks a wire-form value; content under a secret marker is allowed to hold secrets. */
export function findLeaks(value: unknown, secrets: string[], where: string): Leak[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findLeaks(v, secrets, `${where}[${i}]`));
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return [];
    return Object.entries(obj).flatMap(([k, v]) => findLeaks(v, secrets, `${where}.${k}`));
  }
  if (typeof value !== "string") return [];
  const forms = decodedForms(value);
  return secrets.filter((s) => forms.some((f) => f.includes(s))).map((s) => ({ where, secret: label(s) }));
}

/** Finds secrets anywhere, secret markers or not (to prove a secret did reach where it must). */
export function containsAnywhere(value: unknown, secret: string): boolean {
  return decodedForms(JSON.stringify(value)).some((f) => f.includes(secret));
}
