// /api/v1/docs: starts Swagger UI on the OpenAPI description named in data-openapi. An external
// file because the CSP allows no inline script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof SwaggerUIBundle === "undefined") { return; }
    window.ui = SwaggerUIBundle({
      url: root.getAttribute("data-openapi"),
      domNode: root,
      // Deep links put a link inside each operation's toggle button (nested-interactive for axe).
      deepLinking: false,
      defaultModelsExpandDepth: -1,  // each operation shows its own schemas; no separate list
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  });
})();
