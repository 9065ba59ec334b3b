// Control, not an evasion: the deployment built from the project's parts by the corpus helper
// (../_lib/compose.ts) with no twist. It must pass the pack (exit 0), so every evasion built on the
// helper is refused for its twist, not for the way it is assembled.
import { compose } from "../_lib/compose";

compose();
