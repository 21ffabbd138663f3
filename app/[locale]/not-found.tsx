import NotFound from "./(site)/not-found";

/** The root layout's own 404 (e.g. a path the group above does not match); the same localized page. */
export default NotFound;
