// The slow bank's wait: ask the server for the outcome; never reload or resubmit the page.
(function () {
  var block = document.querySelector("[data-status-url]");
  var url = block.dataset.statusUrl;
  function check() {
    fetch(url, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.status === "processing") setTimeout(check, 500);
        else location.replace(state.next);
      })
      .catch(function () { setTimeout(check, 1500); });
  }
  setTimeout(check, 500);
})();
