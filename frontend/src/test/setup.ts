// Unmount what each component test rendered (Vitest runs without globals, so do it here).
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());
