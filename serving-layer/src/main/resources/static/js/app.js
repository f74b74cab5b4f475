// Wires the panels of the listener page together. Each panel owns its own DOM and API calls.
// The page runs under a Content-Security-Policy (no inline script or style): any violation is
// counted on <html data-csp-violations> for the browser test and logged.
document.addEventListener('securitypolicyviolation', (e) => {
  const root = document.documentElement;
  root.dataset.cspViolations = String(Number(root.dataset.cspViolations || 0) + 1);
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
});
import { initListener } from './listener.js';
import { initProfile } from './profile.js';
import { initRecommendations } from './recommendations.js';
import { initSearch } from './search.js';
import { initStats } from './stats.js';
import { initTrending } from './trending.js';

initListener();
initSearch();
initProfile();
initRecommendations();
initTrending();
initStats();
document.documentElement.dataset.ready = 'true';
