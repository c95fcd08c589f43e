# Build: the Maven wrapper inside a JDK image. Run: a JRE image, as an unprivileged user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -pl chat-api -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system chat && useradd --system --gid chat --uid 10001 --home-dir /app chat
WORKDIR /app
COPY --from=build /src/chat-api/target/chat-server.jar /app/chat-server.jar
USER chat
# 8080: the chat (REST, WebSocket, web UI); 8081: Actuator under the prod profile, for the inside network only.
EXPOSE 8080 8081
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Exec form without CMD: arguments after the image name reach the jar, so operator commands run in the same image
# with the same settings: `docker compose run --rm app1 admin create <username>`.
ENTRYPOINT ["java", "-jar", "/app/chat-server.jar"]
