// The sign-in form: the server answers 204 with the session cookie, then the dashboard opens.
const form = document.getElementById('sign-in-form');
const error = document.getElementById('sign-in-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const button = document.getElementById('sign-in');
  button.disabled = true;
  try {
    const response = await fetch('/admin/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: form.secret.value }),
      credentials: 'same-origin',
    });
    if (response.status === 204) {
      window.location.assign('/admin');
      return;
    }
    const body = await response.json().catch(() => ({}));
    error.textContent = response.status === 401
      ? 'Wrong API key or password.'
      : body.error?.message ?? `Sign-in failed (HTTP ${response.status}).`;
    error.hidden = false;
    form.secret.select();
  } catch (err) {
    error.textContent = `Cannot reach the server: ${err.message}`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
});
