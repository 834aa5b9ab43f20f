//! Black-box journeys over HTTP live in `api/`; this library is empty on purpose.
