// The page's own chat button (data-launcher="none" removes the bubble).
window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
document.getElementById('help').addEventListener('click', function () { Parley('toggle'); });
