// Every demo site by name, with the type of its routed client (`db.post` on the old site, `db.project`
// and `db.task` on the new one).
import type { SiteDefinition } from "./definition.js";
import type { SiteName } from "./names.js";
import { NEW_SITE, type NewSiteDb } from "./new-site.js";
import { OLD_SITE, type OldSiteDb } from "./old-site.js";

export interface SiteDbs {
  readonly old: OldSiteDb;
  readonly new: NewSiteDb;
}

export const SITES: { readonly [N in SiteName]: SiteDefinition<SiteDbs[N]> } = {
  old: OLD_SITE,
  new: NEW_SITE,
};
