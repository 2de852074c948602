// 打印 buttons: the page's own print, so a cadre on a phone or at a desk prints the notice without the browser's menu.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
