// Tries: "the audit takes three minutes on every up": a stack transform gives the deploy gate
// `ignoreChanges: ["triggers", "create"]`. Its triggers still hold every step's digest and it is
// still ordered last, so on a fresh stack nothing looks different.
// Insecure: once deployed the gate never runs again: a later change to any step (whatever the pack
// could not read in it) lands on the server without the host check.
import * as pulumi from "@pulumi/pulumi";
import { compose } from "../_lib/compose";

pulumi.runtime.registerResourceTransform(async (args) =>
  args.type === "command:remote:Command" && args.name.endsWith("-audit-gateway")
    ? { props: args.props, opts: { ...args.opts, ignoreChanges: ["triggers", "create"] } }
    : undefined,
);
compose();
