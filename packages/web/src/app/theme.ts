import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm teal: dark enough at shade 7 for white text at WCAG AA contrast (about 5.9:1).
const clinicTeal: MantineColorsTuple = [
  '#e6f7f7',
  '#c9ebea',
  '#9dd8d6',
  '#6dc3c1',
  '#45b0ae',
  '#2a9896',
  '#177f7e',
  '#0b6e6e',
  '#075958',
  '#034443',
];

export const theme = createTheme({
  primaryColor: 'clinicTeal',
  primaryShade: 7,
  colors: { clinicTeal },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  focusRing: 'always',
});

// Mantine's secondary ("dimmed") text is grey 6, about 3.2:1 on our page background; grey 7
// reaches about 7.9:1, above WCAG AA for body text. Explanations to patients must be readable.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
