// Wires the panels of the listener page together. Each panel owns its own DOM and API calls.
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
