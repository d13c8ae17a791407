export { createSiteAdmin } from "./admin-user.js";
export { readSitesConfig } from "./config.js";
export { DEMO_ERROR_CODES, type DemoErrorCode, HttpError } from "./http/errors.js";
export { type RunningSite, type SiteConfig, startSite } from "./site.js";
export { type RunningSites, SITE_NAMES, type SiteName, type SitesConfig, startSites } from "./sites.js";
