package dev.deploysim.sim.platform;

/** Which machines a fault may hit, by the version (image) they run. */
public enum VersionSelector {
    /** Any machine. */
    ANY,
    /** Machines running the app's current image (the version before the deploy). */
    OLD,
    /** Machines running the image the deploy rolls out. */
    NEW;

    /** Whether a machine running {@code image} is selected, for {@code app}. */
    public boolean matches(String image, AppSpec app) {
        return switch (this) {
            case ANY -> true;
            case OLD -> image.equals(app.currentImage());
            case NEW -> image.equals(app.newImage());
        };
    }
}
