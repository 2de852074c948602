// “我在村”: when the phone's browser grants its location, the tap carries it; when it refuses, is slow or has none
// (an intranet over plain http gives none), the tap is sent without it. The time is always the server's.
document.querySelectorAll("[data-locate]").forEach(function (button) {
  var form = button.form;
  var sent = false;
  form.addEventListener("submit", function (event) {
    if (sent || !navigator.geolocation || !window.isSecureContext) return;
    event.preventDefault();
    button.disabled = true;
    button.textContent = "正在记录……";
    var send = function () { if (!sent) { sent = true; form.submit(); } };
    setTimeout(send, 6000);
    navigator.geolocation.getCurrentPosition(function (p) {
      form.elements.latitude.value = p.coords.latitude;
      form.elements.longitude.value = p.coords.longitude;
      form.elements.accuracy.value = p.coords.accuracy;
      send();
    }, send, { timeout: 5000, maximumAge: 60000 });
  });
});
