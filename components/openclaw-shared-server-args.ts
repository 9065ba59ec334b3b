// The OpenClawSharedServer component's inputs: OpenClawHetzner's Args (generated from
// settings/schema.ts), split into the server's and each gateway's, as a stack config with
// placement: shared splits its top-level keys and `gateways`.
import type * as pulumi from "@pulumi/pulumi";
import type { SERVER_KEYS } from "../settings/fleet";
import type { OpenClawHetznerArgs } from "./openclaw-hetzner-args";

/** Settings of the server itself, which every gateway on it has: its name, location, image, admin, SSH, Node.js… */
export type ServerKey = (typeof SERVER_KEYS)[number];

/** One gateway of a shared server: OpenClawHetzner's Args without the server's keys (those are `defaults`' only). */
export type SharedGatewayArgs = Omit<OpenClawHetznerArgs, ServerKey | "host">;

/** Several gateways on one server, each as its own service user. */
export interface OpenClawSharedServerArgs {
  /**
   * The server's settings (serverName, location, image, adminSshKeys, sshPort, nodeVersion…) and the
   * defaults every gateway takes unless its entry sets its own (channels, toolProfile, modelApiKeys…).
   * Not gatewayToken: each gateway has its own (set in its entry, or generated).
   */
  defaults?: Omit<OpenClawHetznerArgs, "host">;
  /**
   * The gateways by name (lowercase letters, digits and '-', starting with a letter, at most 24).
   * Each runs as its own service user `openclaw-<name>` with its own home and state dir, env file,
   * unit, install root, backups, maintenance jobs and loopback gatewayPort (each a different port).
   */
  gateways: Record<string, SharedGatewayArgs>;
  /** The address the steps connect to (default: the server's IPv4 address). */
  host?: pulumi.Input<string>;
}
