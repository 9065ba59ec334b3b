// The plugin's entry point. `pulumi package add` runs this directory with Pulumi's run-plugin
// (package.json has no `main`, so this index.ts): it serves the component provider and prints the
// port. Nothing is exported, so run-plugin does not start a second, unrefined host of its own.
import { main } from "@pulumi/pulumi/provider";
import { OpenClawHetznerProvider } from "./provider";

void main(new OpenClawHetznerProvider(), process.argv.slice(2));
