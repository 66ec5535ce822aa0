// Starts Swagger UI on the API description. A file of its own because the CSP forbids inline scripts.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // The default validator is an image from swagger.io: the CSP blocks it and the document is ours anyway.
    validatorUrl: null,
  });
});
