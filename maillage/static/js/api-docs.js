/* The interactive API documentation: Swagger UI, its settings read from a JSON element
   (api/docs.html), so that no inline script is needed. */
document.addEventListener("DOMContentLoaded", function () {
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  window.SwaggerUIBundle(settings);
});
