import { configOf, ResourceRule, TYPES } from "../lib/rule";
import { raw } from "../lib/props";

const defaults = { allowedImages: ["debian-13", "debian-12", "ubuntu-24.04"] };

export const serverImageAllowed: ResourceRule = {
  name: "server-image-allowed",
  description: "Servers use an image from the allowlist (current Debian and Ubuntu LTS by default).",
  why: "The hardening steps are written and tested for these images; an old or unknown image (or a snapshot) may lack security updates or behave differently.",
  remediationSteps: "Set image to one of the allowed images, or extend allowedImages in the pack config after testing it.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedImages: { type: "array", items: { type: "string" }, default: defaults.allowedImages, description: "Allowed image names." },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const { allowedImages } = configOf(args, defaults);
    const image = raw(args.props).image;
    if (typeof image !== "string" || !allowedImages.includes(image)) {
      report(`image ${typeof image === "string" ? `'${image}'` : "(unknown at preview)"} is not one of ${allowedImages.join(", ")}`);
    }
  },
};
