// How every step of a server connects: as the admin user, on the stack's SSH port, with the deploy
// key when the stack has one. One place for OpenClawHetzner and OpenClawSharedServer.
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { publicKeyFromPrivate } from "../hetzner/ssh-public-key";
import type { Connection } from "./remote-step";

export function adminConnection(s: Pick<Settings, "sshPort" | "adminUser" | "secrets">, host: pulumi.Input<string>): pulumi.Input<Connection> {
  const deployKey = s.secrets.deployPrivateKey;
  return {
    host,
    port: s.sshPort,
    user: s.adminUser,
    // Without a deploy key the provider uses the operator's SSH agent (SSH_AUTH_SOCK).
    ...(deployKey ? { privateKey: deployKey } : {}),
    // A new server needs a minute or two before sshd answers.
    dialErrorLimit: 60,
    perDialTimeout: 10,
  };
}

/** The deploy key's public half (not secret: unsecreted so user data stays readable and checkable). */
export function deployPublicKeyOf(s: Pick<Settings, "secrets">): pulumi.Output<string> | undefined {
  const deployKey = s.secrets.deployPrivateKey;
  return deployKey ? pulumi.unsecret(deployKey.apply((k) => publicKeyFromPrivate(k))) : undefined;
}
