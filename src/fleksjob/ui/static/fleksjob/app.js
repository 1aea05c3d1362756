// Starts the design system's components (DKFDS does not start itself): the mobile header's menu
// button and drawer, dropdowns, accordions. A file of its own because the CSP allows no inline
// script; deferred after dkfds.min.js, so DKFDS is defined when this runs.
"use strict";
window.DKFDS.init();
