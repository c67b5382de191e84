// Page code under a strict CSP: no inline stub, so it waits for the widget's ready event.
window.addEventListener('parley:ready', function () {
  document.getElementById('ready-state').textContent = 'widget ready';
  window.Parley('on', 'open', function () {
    document.getElementById('ready-state').textContent = 'chat opened';
  });
});
