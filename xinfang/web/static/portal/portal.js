// The receipt's print button (no inline script: the site's CSP allows only its own files).
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target instanceof Element && target.closest("[data-print]")) {
    window.print();
  }
});
