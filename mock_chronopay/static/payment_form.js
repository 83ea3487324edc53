// The card form's helpers in the browser. The server checks everything again: these only help.
(function () {
  var form = document.querySelector(".payment-form");
  var number = document.getElementById("card_number");
  var brand = document.getElementById("card-brand");

  function brandOf(digits) {
    if (/^4/.test(digits)) return "VISA";
    var two = parseInt(digits.slice(0, 2), 10), four = parseInt(digits.slice(0, 4), 10);
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return "MasterCard";
    return "";
  }

  number.addEventListener("input", function () {
    brand.textContent = brandOf(number.value.replace(/\D/g, ""));
  });

  // One press of «Оплатить» sends the form once; the server would refuse a second charge anyway.
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    setTimeout(function () { button.disabled = true; }, 0);
  });
})();
