package dev.deploysim.sim.verify;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A small arithmetic expression a strategy declares as a bound, e.g. {@code machines + 1} or
 * {@code machines + ceil(machines * maxSurge)}: numbers, names, {@code + - * /}, parentheses and
 * the functions {@code ceil}, {@code floor}, {@code min} and {@code max}. Names are looked up when
 * it is evaluated; an unknown name is an error, never a silent zero.
 */
public final class BoundExpression {
    private final String text;

    private BoundExpression(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the position of a syntax error
     */
    public static BoundExpression parse(String text) {
        Objects.requireNonNull(text, "text");
        BoundExpression e = new BoundExpression(text);
        // parse once with every name at 1 to report syntax errors now
        new Parser(text, name -> 1.0).parseAll();
        return e;
    }

    /**
     * The value with {@code names} bound.
     *
     * @throws IllegalArgumentException for a name {@code names} does not bind
     */
    public double evaluate(Map<String, Double> names) {
        return new Parser(text, name -> {
            Double v = names.get(name);
            if (v == null) {
                throw new IllegalArgumentException("unknown name '" + name + "' in bound '" + text + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(names.keySet())));
            }
            return v;
        }).parseAll();
    }

    @Override
    public String toString() {
        return text;
    }

    /** A recursive-descent evaluator over the text. */
    private static final class Parser {
        private final String s;
        private final java.util.function.Function<String, Double> names;
        private int pos;

        Parser(String s, java.util.function.Function<String, Double> names) {
            this.s = s;
            this.names = names;
        }

        double parseAll() {
            double v = expr();
            skip();
            if (pos != s.length()) {
                throw error("unexpected '" + s.charAt(pos) + "'");
            }
            return v;
        }

        private double expr() {
            double v = term();
            while (true) {
                skip();
                if (eat('+')) {
                    v += term();
                } else if (eat('-')) {
                    v -= term();
                } else {
                    return v;
                }
            }
        }

        private double term() {
            double v = factor();
            while (true) {
                skip();
                if (eat('*')) {
                    v *= factor();
                } else if (eat('/')) {
                    v /= factor();
                } else {
                    return v;
                }
            }
        }

        private double factor() {
            skip();
            if (eat('-')) {
                return -factor();
            }
            if (eat('(')) {
                double v = expr();
                skip();
                expect(')');
                return v;
            }
            int start = pos;
            if (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    pos++;
                }
                try {
                    return Double.parseDouble(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    throw error("bad number '" + s.substring(start, pos) + "'");
                }
            }
            if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String name = s.substring(start, pos);
                skip();
                if (eat('(')) {
                    double a = expr();
                    skip();
                    Double b = null;
                    if (eat(',')) {
                        b = expr();
                        skip();
                    }
                    expect(')');
                    return call(name.toLowerCase(Locale.ROOT), a, b);
                }
                return names.apply(name);
            }
            throw error(pos < s.length() ? "unexpected '" + s.charAt(pos) + "'" : "the expression ends early");
        }

        private double call(String f, double a, Double b) {
            return switch (f) {
                case "ceil" -> one(f, b, Math.ceil(a));
                case "floor" -> one(f, b, Math.floor(a));
                case "min" -> Math.min(a, two(f, b));
                case "max" -> Math.max(a, two(f, b));
                default -> throw error("unknown function '" + f + "'; known: ceil, floor, min, max");
            };
        }

        private double one(String f, Double b, double v) {
            if (b != null) {
                throw error(f + " takes one argument");
            }
            return v;
        }

        private double two(String f, Double b) {
            if (b == null) {
                throw error(f + " takes two arguments");
            }
            return b;
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private boolean eat(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!eat(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bound '" + s + "', position " + (pos + 1) + ": " + what);
        }
    }
}
