// Large uploads (a registry or a department's file of many MB): the page says how much has been sent and then that the
// server is checking it, instead of a browser that seems to hang for minutes; then it shows the server's answer.
// Without this script (or without XMLHttpRequest) the form posts as usual.
document.querySelectorAll("form[data-progress]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.XMLHttpRequest || !window.FormData) return;
    event.preventDefault();
    var status = form.querySelector("[data-progress-status]");
    var button = form.querySelector("button");
    var say = function (text) { if (status) status.textContent = text; };
    if (button) button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      say("已上传 " + Math.floor(e.loaded * 100 / e.total) + "%（" + (e.loaded / 1048576).toFixed(1) + " / " + (e.total / 1048576).toFixed(1) + " MB）");
    });
    xhr.upload.addEventListener("load", function () { say("上传完成，正在逐行校验并写入，请勿关闭本页……"); });
    xhr.addEventListener("load", function () {
      // A result page of its own (the file's page): go there; otherwise show the answer in place.
      if (xhr.responseURL && xhr.responseURL.split("?")[0] !== form.action.split("?")[0]) { window.location.assign(xhr.responseURL); return; }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      say("上传中断（网络或服务器连接断开），文件未写入，请检查网络后重试");
      if (button) button.disabled = false;
    });
    xhr.send(new FormData(form));
  });
});

// A page of work still running on the server (a big import): it reloads itself until the work ends.
(function () {
  var running = document.querySelector("[data-refresh]");
  if (!running) return;
  var seconds = Number(running.getAttribute("data-refresh")) || 2;
  setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
