package dev.deploysim.strategies.k8s;

import dev.deploysim.model.deploy.InvalidOptionException;

/**
 * Kubernetes' {@code IntOrString} as {@code maxSurge} and {@code maxUnavailable} take it: a count
 * ({@code "1"}) or a percentage of the replicas ({@code "25%"}), and apimachinery's
 * {@code GetScaledValueFromIntOrPercent}, which scales a percentage and rounds it up or down.
 *
 * @param value the count, or the percentage without its sign
 * @param percent whether {@code value} is a percentage
 */
public record IntOrPercent(int value, boolean percent) {

    /**
     * Parses an option value the way the API server validates it: a percentage must match
     * {@code ^[0-9]+%$} ("must be an integer or percentage (e.g '5%')"), a count must be
     * {@code >= 0} ("must be greater than or equal to 0").
     *
     * @throws InvalidOptionException naming {@code option}
     */
    public static IntOrPercent parse(String option, String text) {
        String s = text.trim();
        if (s.endsWith("%")) {
            String digits = s.substring(0, s.length() - 1);
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidOptionException(option, "must be an integer or percentage (e.g '5%'), was '" + text + "'");
            }
            return new IntOrPercent(parseInt(option, text, digits), true);
        }
        int n = parseInt(option, text, s);
        if (n < 0) {
            throw new InvalidOptionException(option, "must be greater than or equal to 0, was " + n);
        }
        return new IntOrPercent(n, false);
    }

    private static int parseInt(String option, String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(option, "must be an integer or percentage (e.g '5%'), was '" + text + "'");
        }
    }

    /**
     * {@code GetScaledValueFromIntOrPercent(this, total, roundUp)}: the count as it is, or
     * {@code value% * total} rounded up ({@code maxSurge}) or down ({@code maxUnavailable}).
     */
    public int scaled(int total, boolean roundUp) {
        if (!percent) {
            return value;
        }
        long product = (long) value * total;
        return (int) (roundUp ? (product + 99) / 100 : product / 100);
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
