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
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  });
})();
