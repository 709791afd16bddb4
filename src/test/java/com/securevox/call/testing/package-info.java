/** Test doubles shared by the unit tests: a clock and a scheduler the test drives by hand. */
package com.securevox.call.testing;
