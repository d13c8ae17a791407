export { DEMO_ERROR_CODES, type DemoErrorCode, HttpError } from "./http/errors.js";
export { createSiteAdmin } from "./sites/admin-user.js";
export { readSiteConfig, readSitesConfig } from "./sites/config.js";
export type { SiteDb, SiteDefinition } from "./sites/definition.js";
export { SITE_NAMES, SITE_SCHEMAS, type SiteName, siteDatabaseVariable } from "./sites/names.js";
export { SITES, type SiteDbs } from "./sites/registry.js";
export { type RunningSite, type SiteConfig, startSite } from "./sites/site.js";
export { type RunningSites, type SitesConfig, startSites } from "./sites/sites.js";
