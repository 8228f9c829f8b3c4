package dev.sessionkit.spring.app;

/** An application's own principal, in a package the application allows. */
public final class Member {
    public String name;
    public int level;

    public Member() {
    }

    public Member(String name, int level) {
        this.name = name;
        this.level = level;
    }
}
